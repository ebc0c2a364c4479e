package httpmw

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the service's Prometheus metrics, in a registry of their own so two
// servers in one process (tests) never collide. Labels are bounded: the method from
// a fixed set, the route TEMPLATE (never a raw path or an ID) and the status class.
type Metrics struct {
	Registry *prometheus.Registry

	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	rateLimited *prometheus.CounterVec
	authFailed  prometheus.Counter
}

// NewMetrics makes the registry with the HTTP metrics and the Go runtime and
// process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "harriet_http_requests_total",
			Help: "HTTP requests by method, route template and status class.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "harriet_http_request_duration_seconds",
			Help:    "HTTP request duration by method, route template and status class.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "harriet_rate_limited_total",
			Help: "Requests refused with 429, by limiter (auth_fail, scim).",
		}, []string{"limiter"}),
		authFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "harriet_auth_failures_total",
			Help: "Presented credentials that did not authenticate.",
		}),
	}
	m.Registry.MustRegister(m.requests, m.duration, m.rateLimited, m.authFailed,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry for Prometheus (/metrics).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// RateLimited counts one request refused by limiter. Safe on a nil *Metrics.
func (m *Metrics) RateLimited(limiter string) {
	if m != nil {
		m.rateLimited.WithLabelValues(limiter).Inc()
	}
}

// AuthFailed counts one credential that did not authenticate. Safe on nil.
func (m *Metrics) AuthFailed() {
	if m != nil {
		m.authFailed.Inc()
	}
}

func (m *Metrics) observe(method, route string, status int, seconds float64) {
	if m == nil {
		return
	}
	method, class := methodLabel(method), statusClass(status)
	m.requests.WithLabelValues(method, route, class).Inc()
	m.duration.WithLabelValues(method, route, class).Observe(seconds)
}

// methodLabel keeps the method label to a fixed set, so a client cannot invent
// label values.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

func statusClass(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}
