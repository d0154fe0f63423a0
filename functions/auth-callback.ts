import { pageRoute } from '../shared/http/handler.js';
import { authCallback } from '../shared/pages/sign-in.js';

export const handler = pageRoute('auth-callback', authCallback);
