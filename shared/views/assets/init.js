// Started as a module file so the Content-Security-Policy needs no inline script.
import { initAll } from '/assets/govuk-frontend.min.js';
initAll();
