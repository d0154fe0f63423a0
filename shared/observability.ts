/** Logger made once (Powertools, structured JSON). Never log personal data or link secrets. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'scrutiny-cycle' });
