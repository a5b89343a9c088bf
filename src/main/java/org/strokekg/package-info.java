/**
 * The composition root: {@link org.strokekg.Config} (every setting, read once) and {@link org.strokekg.StrokeKg}, which
 * holds the data directory (its lock and owner-only access) and builds the services in dependency order and closes
 * them in reverse. Only {@code cli} depends on this package; it
 * depends on every feature package.
 */
package org.strokekg;
