"""The report's charts: whole-number axes, titles inside the figure, the legend clear of
the plot, type that stays readable when a phone shrinks the image."""

from __future__ import annotations

from rehearsal.charts import openness_figure, progress_figure


def test_one_session_has_a_whole_number_session_axis_and_a_legend_below() -> None:
    figure = progress_figure([{"steps_covered": 3, "skilled_share": 0.5}])
    axis = figure.axes[0]
    assert list(axis.get_xticks()) == [1]
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    plot = axis.get_window_extent(renderer)
    legend = figure.legends[0].get_window_extent(renderer)
    title = figure.texts[0].get_window_extent(renderer)
    assert legend.y1 < plot.y0 and title.y0 > plot.y1
    assert axis.get_title() == "" and float(figure.texts[0].get_fontsize()) >= 12


def test_the_openness_arc_counts_turns_in_whole_numbers_and_shows_100() -> None:
    figure = openness_figure([30, 40, 55], "Sam")
    axis = figure.axes[0]
    assert list(axis.get_xticks()) == [0, 1, 2]
    assert axis.get_ylim()[1] > 100 and 100 in list(axis.get_yticks())


def test_tick_labels_stay_readable_when_a_phone_shows_the_image_330_px_wide() -> None:
    for figure in (
        openness_figure([30, 40], "Sam"),
        progress_figure([{"steps_covered": 3, "skilled_share": 0.5}]),
    ):
        width_in = figure.get_size_inches()[0]
        smallest = min(
            float(label.get_fontsize())
            for axis in figure.axes
            for label in axis.get_xticklabels() + axis.get_yticklabels()
        )
        on_phone_px = smallest / 72 * 330 / width_in  # points -> inches -> phone pixels
        assert on_phone_px >= 11, on_phone_px
