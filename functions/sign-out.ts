import { pageRoute, redirect } from '../shared/http/handler.js';
import { clearSessionCookie } from './sign-in.js';

/** Clears the session cookie. (The Cognito session, if any, ends when its own cookie expires.) */
export const handler = pageRoute('sign-out', async () => redirect('/', [clearSessionCookie()]));
