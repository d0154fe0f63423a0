import { pageRoute } from '../shared/http/handler.js';
import { signOut } from '../shared/pages/sign-in.js';

export const handler = pageRoute('sign-out', signOut);
