// Kept in step with package.json by hand (the build's rootDir is src/).
export const PACKAGE_NAME = '@statewatch/feature-drift';
export const PACKAGE_VERSION = '0.1.0';
