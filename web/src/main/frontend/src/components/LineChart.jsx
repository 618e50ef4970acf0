import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#4527a0', '#00796b', '#c62828', '#ef6c00', '#1565c0', '#6a1b9a', '#2e7d32', '#ad1457', '#37474f', '#8d6e63'];

/** A uPlot line chart of series sharing x (seconds since epoch); resizes with its container. */
export function LineChart({ x, series, title, height = 280 }) {
    const el = useRef(null);
    useEffect(() => {
        if (!el.current) {
            return undefined;
        }
        const width = () => Math.max(280, el.current.clientWidth);
        const opts = {
            width: width(), height, title: undefined,
            scales: { x: { time: true } },
            axes: [{}, { label: 'events' }],
            series: [{ label: 'time' }, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2 }))],
            legend: { live: true },
        };
        const plot = new uPlot(opts, [x, ...series.map((s) => s.values)], el.current);
        const observer = new ResizeObserver(() => plot.setSize({ width: width(), height }));
        observer.observe(el.current);
        return () => {
            observer.disconnect();
            plot.destroy();
        };
    }, [x, series, height]);
    return <div ref={el} class="chart" role="img" aria-label={title} />;
}

export function seriesToChart(answer) {
    const list = answer?.series || [];
    const x = (list[0]?.points || []).map((p) => Math.floor(new Date(p.t).getTime() / 1000));
    return { x, series: list.map((s) => ({ label: s.event, values: s.points.map((p) => p.count) })) };
}
