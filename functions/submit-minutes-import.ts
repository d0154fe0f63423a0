import { pageRoute } from '../shared/http/handler.js';
import { multipartForm } from '../shared/http/multipart.js';
import { submitMinutesImport, tooLargeMessage, MAX_MINUTES_BYTES } from '../shared/pages/minutes-import-upload.js';

export const handler = pageRoute('submit-minutes-import', submitMinutesImport, { bodyParser: multipartForm(MAX_MINUTES_BYTES, tooLargeMessage) });
