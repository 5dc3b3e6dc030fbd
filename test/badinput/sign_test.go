package badinput_test

import (
	"strings"
	"sync"

	wireformat "github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/schemas"
)

const unauthenticated = rejection.ClassUnauthenticated

func decodeCE(body []byte) (*wireformat.Event, error) { return wireformat.Decode(body, "") }

// signingRegistry is the shipped registry with the test keys the harness
// gives the processor.
var signingRegistry = sync.OnceValue(func() *registry.Registry {
	reg, err := registry.LoadWithKeys(schemas.FS, testenv.ProducerKeys())
	if err != nil {
		panic(err)
	}
	return reg
})

// signature is body's event_signature as the producer of signer
// ("tenant/producer") signs it for tenant and id; "" when body names no
// signing producer of the registry and signer is "".
func signature(body []byte, signer, tenant, id string) string {
	ev, err := decodeCE(body)
	if err != nil {
		return ""
	}
	signerTenant, producer := ev.Tenant, ev.Producer
	if signer != "" {
		signerTenant, producer, _ = strings.Cut(signer, "/")
	}
	p, ok := signingRegistry().ProducerPolicy(signerTenant, producer)
	if !ok {
		return ""
	}
	if tenant == "" {
		tenant, id = ev.Tenant, ev.ID
	}
	return p.Sign(tenant, id, body)
}

// signedAttr is the event_signature attribute of a case.
func signedAttr(sig string) map[string]string {
	return map[string]string{producerauth.SignatureAttribute: sig}
}

// forged are events of acme-shop's crm that do not prove it sent them. Each
// has a body of its own: the poison queue keeps one record per body.
func forged() []badCase {
	other := ceOf("data", `{"customer_id":"6a1f1d5e-2c4b-4d8e-9f3a-1b2c3d4e5f61","email":"eve@example.com","name":{"given":"Eve"},"registered_at":"2026-11-26T09:00:00Z"}`)
	body := func(sig func(body []byte, tenant, id string) string, c badCase) badCase {
		c.body, c.class = ceOf(), unauthenticated
		ev, _ := decodeCE(c.body)
		if sig != nil {
			c.attrs = signedAttr(sig(c.body, ev.Tenant, ev.ID))
		}
		return c
	}
	as := func(signer, tenant, idSuffix string) func([]byte, string, string) string {
		return func(b []byte, t, id string) string {
			if tenant != "" {
				t = tenant
			}
			return signature(b, signer, t, id+idSuffix)
		}
	}
	constant := func(v string) func([]byte, string, string) string {
		return func([]byte, string, string) string { return v }
	}
	return []badCase{
		body(as("nordlys-bank/core-banking", "", ""), badCase{name: "signed with another tenant's producer key"}),
		body(nil, badCase{name: "no signature", unsigned: true}),
		body(constant(signature(other, "", "", "")), badCase{name: "signature of another body"}),
		body(as("acme-shop/crm", "nordlys-bank", ""), badCase{name: "signature for another tenant"}),
		body(as("acme-shop/crm", "", "x"), badCase{name: "signature for another event id"}),
		body(constant("v1,"+strings.Repeat("A", 60_000)), badCase{name: "signature of 60,000 characters"}),
		body(constant("v1,"+escape), badCase{name: "signature with terminal escapes", escapes: true}),
		body(nil, badCase{name: "sqs_sender_id attribute does not stand for a signature", unsigned: true,
			attrs: map[string]string{"sqs_sender_id": "ABCDEFGHI1JKLMNOPQ23R"}}),
	}
}
