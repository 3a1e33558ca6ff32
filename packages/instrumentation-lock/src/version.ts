// Kept in step with package.json (checked by a test).
export const PACKAGE_NAME = '@statewatch/instrumentation-lock';
export const PACKAGE_VERSION = '0.1.0';
