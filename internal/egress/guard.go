// Package egress makes the sender's outgoing HTTP requests safe by default:
// the address a connection actually dials (after DNS, so a name that
// resolves or rebinds to an internal address is caught) must not be
// loopback, private, link-local, a cloud metadata address or otherwise
// non-public, unless an explicit allow-list names it.
package egress

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
)

// ForbiddenAddressError is returned (wrapped) by a dial to an address the
// Guard refuses.
type ForbiddenAddressError struct {
	Addr   netip.Addr
	Reason string
}

func (e *ForbiddenAddressError) Error() string {
	return fmt.Sprintf("refusing to connect to %s: %s address (allow it with the sender's address allow-list)", e.Addr, e.Reason)
}

// forbidden lists non-public ranges beyond what netip.Addr's predicates
// catch (loopback, private, link-local, multicast, unspecified).
var forbidden = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "this-network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (CGNAT, cloud metadata)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "NAT64"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("2002::/16"), "6to4"},
	{netip.MustParsePrefix("2001::/32"), "Teredo"},
}

// Guard decides which addresses may be dialled. The zero Guard refuses
// every non-public address.
type Guard struct {
	allow []netip.Prefix
}

// NewGuard returns a Guard that also allows the given addresses or CIDR
// prefixes ("127.0.0.1", "10.0.0.0/8", "::1"), for local development and
// tests.
func NewGuard(allow []string) (*Guard, error) {
	g := &Guard{}
	var errs []error
	for _, a := range allow {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		p, err := parsePrefix(a)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		g.allow = append(g.allow, p)
	}
	return g, errors.Join(errs...)
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("allowed address %q: %w", s, err)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("allowed address %q: %w", s, err)
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}

// Check returns a *ForbiddenAddressError when addr may not be dialled.
func (g *Guard) Check(addr netip.Addr) error {
	addr = addr.Unmap()
	for _, p := range g.allow {
		if p.Contains(addr) {
			return nil
		}
	}
	if reason := classify(addr); reason != "" {
		return &ForbiddenAddressError{Addr: addr, Reason: reason}
	}
	return nil
}

func classify(a netip.Addr) string {
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast():
		return "link-local (cloud metadata)"
	case a.IsUnspecified():
		return "unspecified"
	case a.IsMulticast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast():
		return "multicast"
	case a == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "broadcast"
	}
	for _, f := range forbidden {
		if f.prefix.Contains(a) {
			return f.reason
		}
	}
	return ""
}

// Control is a net.Dialer Control function: it runs after name resolution,
// on the address about to be connected, and refuses forbidden ones.
func (g *Guard) Control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dial %s: not an IP address: %w", address, err)
	}
	return g.Check(addr)
}
