/** Source text and the spans that point into it; every AST node and diagnostic carries one. */
package org.moelab.source;
