/** GOV.UK Frontend's styles, scripts, fonts and images, and our own small scripts under /assets/app/. */
import { serveAsset } from '../shared/http/assets.js';

export const handler = serveAsset;
