import { pageRoute } from '../shared/http/handler.js';
import { signIn } from '../shared/pages/sign-in.js';

export const handler = pageRoute('sign-in', signIn);
