/**
 * This package's version, sent in the default `User-Agent`. A unit test keeps it equal to
 * package.json's version (a JSON import would not survive both the source and the bundled build).
 */
export const SDK_VERSION = '0.2.0';
