import { readSiteConfig } from '../../../shared/config.ts';

/**
 * The configuration the site states, read once when the site is built from the same environment variable
 * the functions read (CONTACT_RETENTION_DAYS), so that the privacy notice says what the intake does.
 */
export const siteConfig = readSiteConfig(process.env);
