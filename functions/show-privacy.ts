import { pageRoute } from '../shared/http/handler.js';
import { showPrivacy } from '../shared/pages/home.js';

export const handler = pageRoute('show-privacy', showPrivacy);
