package testenv

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// SenderIDProxy is an HTTP reverse proxy in front of the SQS emulator that
// gives each message the SenderId of the credentials that sent it, as real
// SQS does (the emulator reports one fixed SenderId, ABCDEFGHI1JKLMNOPQ23R,
// for every sender). It remembers the MessageId of each SendMessage and
// SendMessageBatch answer with the SenderId its senderIDs map gives the
// request's access key id (from the Authorization header), and rewrites the
// SenderId system attribute of those messages in ReceiveMessage answers.
// Messages sent with an access key the map does not name, or not through
// the proxy, keep the emulator's SenderId; those of an access key mapped to
// "" have none (real SQS always reports one: this tests what a message
// attribute named like a system attribute can do when SenderId is absent).
//
// It speaks the JSON protocol of the AWS SDK for Go v2 only; a query
// protocol request is refused with 400, so that no test silently sees the
// emulator's fixed SenderId.
type SenderIDProxy struct {
	url       string
	senderIDs map[string]string // access key id → SenderId

	mu      sync.Mutex
	settled *sync.Cond        // signalled when pending drops
	pending int               // sends forwarded but not yet recorded
	sentBy  map[string]string // MessageId → SenderId
}

// NewSenderIDProxy starts a SenderIDProxy on a free local port in front of
// SQSEndpoint, skipping the test when the emulator is unavailable (see
// SQSConfig). senderIDs maps access key ids to SenderIds. It is stopped
// when the test ends.
func NewSenderIDProxy(t testing.TB, senderIDs map[string]string) *SenderIDProxy {
	t.Helper()
	SQSConfig(t) // skips or fails without the emulator
	upstream, err := url.Parse(SQSEndpoint())
	if err != nil {
		t.Fatalf("parse SQS endpoint: %v", err)
	}
	p := &SenderIDProxy{senderIDs: senderIDs, sentBy: map[string]string{}}
	p.settled = sync.NewCond(&p.mu)
	transport := &http.Transport{}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(upstream)
			r.Out.Header.Del("Accept-Encoding") // bodies are rewritten: plain text
		},
		Transport:      transport,
		ModifyResponse: p.modifyResponse,
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
			http.Error(w, "testenv.SenderIDProxy: "+err.Error(), http.StatusBadGateway) // not logged: a cancelled long poll is routine
		},
	}
	srv := httptest.NewServer(p.handler(rp))
	t.Cleanup(func() { srv.Close(); transport.CloseIdleConnections() })
	p.url = srv.URL
	return p
}

// Endpoint is the proxy's URL, for aws.Config.BaseEndpoint.
func (p *SenderIDProxy) Endpoint() string {
	return p.url
}

// Config is an AWS config on the proxy whose static credentials have the
// access key id accessKeyID: what a sender with its own AWS principal uses.
func (p *SenderIDProxy) Config(accessKeyID string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(accessKeyID, "secret-of-"+accessKeyID, ""),
		BaseEndpoint: aws.String(p.url),
	}
}

func (p *SenderIDProxy) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") == "" {
			http.Error(w, "testenv.SenderIDProxy speaks only the SQS JSON protocol (X-Amz-Target)", http.StatusBadRequest)
			return
		}
		if isSend(r) {
			p.mu.Lock()
			p.pending++
			p.mu.Unlock()
			defer p.sendDone()
		}
		next.ServeHTTP(w, r)
	})
}

// sendDone ends a send the proxy forwarded: recorded, or failed.
func (p *SenderIDProxy) sendDone() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending--
	p.settled.Broadcast()
}

// record remembers that the messages ids were sent by senderID.
func (p *SenderIDProxy) record(ids []string, senderID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range ids {
		p.sentBy[id] = senderID
	}
}

// senderOf is the SenderId of the message id; ok is false for a message
// not sent through the proxy by a mapped access key. A message can be
// received before its send's answer is recorded: an unknown id waits until
// no send is pending.
func (p *SenderIDProxy) senderOf(id string) (senderID string, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if senderID, ok = p.sentBy[id]; ok || p.pending == 0 {
			return senderID, ok
		}
		p.settled.Wait()
	}
}

var credentialKey = regexp.MustCompile(`Credential=([^/,\s]+)/`)

// accessKeyID is the access key id of r's SigV4 Authorization header, "" if none.
func accessKeyID(r *http.Request) string {
	m := credentialKey.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		return ""
	}
	return m[1]
}

func isSend(r *http.Request) bool {
	switch r.Header.Get("X-Amz-Target") {
	case targetSend, targetSendBatch:
		return true
	}
	return false
}
