/**
 * The status page's script (served as /status/app.js): reads the snapshot embedded in the page and
 * draws each plot with uPlot. `window.timmyPlots` lists each plot with its number of data points
 * (the page test reads it). Plain browser JavaScript, kept as text so the build ships it as is.
 */
export const PAGE_SCRIPT = String.raw`(function () {
  'use strict'
  var snap = JSON.parse(document.getElementById('status-data').textContent)
  var plots = (window.timmyPlots = [])
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf']
  var secs = function (iso) { return Date.parse(iso) / 1000 }
  function draw(id, xs, series, opts) {
    var el = document.getElementById(id)
    if (!el || typeof uPlot === 'undefined') return
    var names = Object.keys(series)
    var data = [xs].concat(names.map(function (n) { return series[n] }))
    var points = 0
    names.forEach(function (n) { series[n].forEach(function (v) { if (v !== null && v !== undefined) points++ }) })
    new uPlot({
      width: Math.min(900, (el.clientWidth || 900)), height: 220,
      scales: { x: { time: true } },
      series: [{}].concat(names.map(function (n, i) {
        var s = { label: n, stroke: COLORS[i % COLORS.length], width: 2 }
        if (opts && opts.points) { s.paths = function () { return null }; s.points = { show: true, size: 8, fill: COLORS[i % COLORS.length] } }
        if (opts && opts.stepped) s.paths = uPlot.paths.stepped({ align: 1 })
        return s
      })),
      axes: [{}, { size: 60 }]
    }, data, el)
    plots.push({ id: id, series: names.length, points: points })
  }
  var q = snap.queue
  if (q && !q.error) {
    draw('plot-throughput', q.throughput.map(function (h) { return secs(h.hour) }), {
      started: q.throughput.map(function (h) { return h.started }),
      done: q.throughput.map(function (h) { return h.done }),
      failed: q.throughput.map(function (h) { return h.failed })
    })
    draw('plot-depth', q.depthPerMinute.map(function (m) { return secs(m.minute) }), {
      queued: q.depthPerMinute.map(function (m) { return m.depth })
    }, { points: true })
  }
  var b = snap.budget
  if (b && !b.error) {
    var hx = b.hours.map(secs)
    draw('plot-spend-budget', hx, b.hourlyByBudget)
    draw('plot-spend-model', hx, b.hourlyByModel)
  }
  var d = snap.deadman
  if (d && !d.error) {
    var level = { up: 3, late: 2, down: 1, paused: 0, new: 0 }
    var times = {}
    d.timeline.forEach(function (t) { times[secs(t.at)] = true })
    var now = secs(snap.at)
    times[now] = true
    var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b })
    var series = {}
    d.wizards.forEach(function (w) {
      var mine = d.timeline.filter(function (t) { return t.wizard === w.wizard })
      series[w.wizard] = xs.map(function (x) {
        var state = null
        mine.forEach(function (t) { if (secs(t.at) <= x) state = t.to })
        if (x === now) state = w.state
        return state === null ? null : level[state]
      })
    })
    draw('plot-deadman', xs, series, { stepped: true })
  }
  var g = snap.deploy
  if (g && !g.error) {
    var gens = g.generations.slice().sort(function (a, b) { return Date.parse(a.at) - Date.parse(b.at) })
    draw('plot-generations', gens.map(function (x) { return secs(x.at) }), {
      generation: gens.map(function (x) { return x.generation })
    }, { points: true })
  }
  var br = snap.bridge
  if (br && !br.error) {
    draw('plot-events', br.perMinute.map(function (m) { return secs(m.minute) }), {
      events: br.perMinute.map(function (m) { return m.events })
    })
  }
})()
`
