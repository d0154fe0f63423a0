/** Our stylesheet, the organisation's colour, our small scripts and GOV.UK Frontend's script (shared/http/assets.ts). */
import { serveAsset } from '../shared/http/assets.js';

export const handler = serveAsset;
