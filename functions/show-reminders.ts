import { pageRoute } from '../shared/http/handler.js';
import { showReminders } from '../shared/pages/reminders.js';

export const handler = pageRoute('show-reminders', showReminders);
