// Leaflet's ES module build, minified by esbuild at build time into wwwroot/lib/leaflet/leaflet.min.js (see Dashboard.csproj).
export * from 'leaflet/dist/leaflet-src.esm.js';
