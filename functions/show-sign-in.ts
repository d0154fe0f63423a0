import { pageRoute } from '../shared/http/handler.js';
import { showSignIn } from '../shared/pages/sign-in.js';

export const handler = pageRoute('show-sign-in', showSignIn);
