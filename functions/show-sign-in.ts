import { pageRoute } from '../shared/http/handler.js';
import { config } from '../shared/config.js';
import { cognitoSignIn, signInForm } from './sign-in.js';

/** Locally: the sign-in form. In AWS: straight on to Cognito's hosted sign-in. */
export const handler = pageRoute('show-sign-in', async ({ event, baseUrl }) => {
  const next = event.queryStringParameters?.next;
  if (config().AUTH_MODE === 'cognito') return cognitoSignIn(baseUrl, next);
  return signInForm({ next });
});
