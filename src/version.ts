/** modelreg's version (package.json's, checked by test/version.test.ts): --version, and part of every cache key. */
export const MODELREG_VERSION = '0.1.0'; // x-release-please-version (release PRs bump this line with package.json)
