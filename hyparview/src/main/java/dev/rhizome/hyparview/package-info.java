/**
 * The HyParView topology: {@link dev.rhizome.hyparview.HyParViewProtocol}, a sans-IO state machine that
 * keeps a small symmetric <em>active view</em> of neighbours (the members, connected and flooded over)
 * and a larger <em>passive view</em> of backup peers known by id only, plus the broadcast layer that
 * rides on it. Registered through {@code META-INF/services} as topology {@code hyparview}; settings are
 * {@code hyparview.*} ({@link dev.rhizome.hyparview.HyParViewSettings}).
 */
package dev.rhizome.hyparview;
