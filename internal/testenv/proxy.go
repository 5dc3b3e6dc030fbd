package testenv

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/Shopify/toxiproxy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// FaultProxy is a Toxiproxy TCP proxy, run in-process, between the code under
// test and a real service: it cuts, slows or hangs connections.
type FaultProxy struct {
	t     testing.TB
	proxy *toxiproxy.Proxy
}

// NewFaultProxy starts a proxy on a free local port in front of upstream
// (host:port). It is stopped when the test ends.
func NewFaultProxy(t testing.TB, upstream string) *FaultProxy {
	t.Helper()
	server := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	proxy := toxiproxy.NewProxy(server, strings.ReplaceAll(t.Name(), "/", "_"), "127.0.0.1:0", upstream)
	if err := proxy.Start(); err != nil {
		t.Fatalf("start fault proxy to %s: %v", upstream, err)
	}
	t.Cleanup(proxy.Stop)
	return &FaultProxy{t: t, proxy: proxy}
}

// Addr is the proxy's listen address, host:port.
func (p *FaultProxy) Addr() string {
	return p.proxy.Listen
}

// Cut closes every connection and refuses new ones until Restore.
func (p *FaultProxy) Cut() {
	p.proxy.Stop()
}

// Restore accepts connections again, on the same address.
func (p *FaultProxy) Restore() {
	p.t.Helper()
	if err := p.proxy.Start(); err != nil {
		p.t.Fatalf("restore fault proxy: %v", err)
	}
}

// Hang makes the proxy stop forwarding data without closing connections,
// like a server that hangs; RemoveToxics undoes it.
func (p *FaultProxy) Hang() {
	p.addToxic(`{"name":"hang","type":"timeout","stream":"downstream","attributes":{"timeout":0}}`)
}

// AddLatency delays every chunk of data in both directions by ms milliseconds.
func (p *FaultProxy) AddLatency(ms int) {
	p.addToxic(fmt.Sprintf(`{"name":"latency_down","type":"latency","stream":"downstream","attributes":{"latency":%d}}`, ms))
	p.addToxic(fmt.Sprintf(`{"name":"latency_up","type":"latency","stream":"upstream","attributes":{"latency":%d}}`, ms))
}

// RemoveToxics removes every toxic, leaving a transparent proxy.
func (p *FaultProxy) RemoveToxics() {
	p.proxy.Toxics.ResetToxics(context.Background())
}

func (p *FaultProxy) addToxic(spec string) {
	p.t.Helper()
	if _, err := p.proxy.Toxics.AddToxicJson(strings.NewReader(spec)); err != nil {
		p.t.Fatalf("add toxic %s: %v", spec, err)
	}
}
