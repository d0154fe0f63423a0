import { pageRoute } from '../shared/http/handler.js';
import { submitReminderSwitch } from '../shared/pages/reminders.js';

export const handler = pageRoute('submit-reminder-switch', submitReminderSwitch);
