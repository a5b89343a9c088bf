/**
 * Text handling that every other package shares: normalisation for matching (NFKC, full-width, OpenCC t2s, case folding),
 * output conversion to the requested script (zh-Hans, zh-Hant, zh-Hant-TW with Taiwan phrases, zh-Hant-HK, or auto:
 * the question's own), and the stroke warning-sign rules that put an emergency notice first.
 * Depends on nothing of the project but {@code error}.
 */
package org.strokekg.text;
