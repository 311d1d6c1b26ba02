// The part of ECharts the dashboard's charts use (Components/Shared/Charts/EChartOptions.cs): line and bar series on a
// category/value grid, axis tooltips, a legend, mark lines and mark areas, aria (a label and decal patterns: colour is not the
// only difference between series, issue 16), drawn by the SVG renderer. Bundled and
// minified by esbuild at build time into wwwroot/lib/echarts/echarts.min.js (see Dashboard.csproj); a chart that needs
// another series type or component adds it here.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([AriaComponent, BarChart, LineChart, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export const { init } = echarts;
