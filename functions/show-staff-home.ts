import { pageRoute } from '../shared/http/handler.js';
import { showStaffHome } from '../shared/pages/staff-home.js';

export const handler = pageRoute('show-staff-home', showStaffHome);
