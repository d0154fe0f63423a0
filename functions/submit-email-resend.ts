import { pageRoute } from '../shared/http/handler.js';
import { submitEmailResend } from '../shared/pages/staff-home.js';

export const handler = pageRoute('submit-email-resend', submitEmailResend);
