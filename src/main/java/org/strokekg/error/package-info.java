/**
 * The one exception hierarchy, rooted at {@link org.strokekg.error.StrokeKgException}: retriable (a backend down, a timeout) and non-retriable (bad input, not found, refused).
 * Every package may depend on it; it depends on nothing of the project.
 */
package org.strokekg.error;
