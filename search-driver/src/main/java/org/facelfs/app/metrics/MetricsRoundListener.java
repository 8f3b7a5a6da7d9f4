package org.facelfs.app.metrics;

import org.facelfs.app.CompletedRound;
import org.facelfs.app.RoundListener;
import org.facelfs.search.SearchSettings;

/** Feeds each completed round to the plugin's gauges. */
public final class MetricsRoundListener implements RoundListener {

    private final SearchGauges gauges;
    private final SearchSettings settings;

    public MetricsRoundListener(SearchGauges gauges, SearchSettings settings) {
        this.gauges = gauges;
        this.settings = settings;
        gauges.update(RoundFigures.none(settings.rounds()));
    }

    /** The listener for the live plugin's gauges, or none when the plugin is not loaded. */
    public static RoundListener forRun(SearchSettings settings) {
        return SearchMetricsPlugin.gauges().<RoundListener>map(g -> new MetricsRoundListener(g, settings))
                .orElse(RoundListener.NONE);
    }

    @Override
    public void roundCompleted(CompletedRound round) {
        gauges.update(RoundFigures.of(round, settings));
    }
}
