package testenv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// The JSON protocol operations SenderIDProxy looks into.
const (
	targetSend      = "AmazonSQS.SendMessage"
	targetSendBatch = "AmazonSQS.SendMessageBatch"
	targetReceive   = "AmazonSQS.ReceiveMessage"
)

// modifyResponse records the MessageIds of a successful send by a mapped
// access key, and rewrites the SenderIds of a successful receive.
func (p *SenderIDProxy) modifyResponse(resp *http.Response) error {
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	target := resp.Request.Header.Get("X-Amz-Target")
	senderID, mapped := p.senderIDs[accessKeyID(resp.Request)]
	switch {
	case (target == targetSend || target == targetSendBatch) && mapped:
		return p.recordSend(resp, senderID)
	case target == targetReceive:
		return p.rewriteReceive(resp)
	}
	return nil
}

// sendAnswer holds the MessageIds of a SendMessage or SendMessageBatch answer.
type sendAnswer struct {
	MessageID  string `json:"MessageId"`
	Successful []struct {
		MessageID string `json:"MessageId"`
	}
}

func (p *SenderIDProxy) recordSend(resp *http.Response, senderID string) error {
	body, err := readBody(resp)
	if err != nil {
		return err
	}
	var answer sendAnswer
	if err := json.Unmarshal(body, &answer); err != nil {
		return fmt.Errorf("sender id proxy: decode send answer: %w", err)
	}
	ids := []string{answer.MessageID}
	for _, entry := range answer.Successful {
		ids = append(ids, entry.MessageID)
	}
	p.record(ids, senderID)
	return nil
}

// rewriteReceive sets Attributes.SenderId of each received message the proxy
// knows the sender of, keeping every other field as the emulator wrote it.
func (p *SenderIDProxy) rewriteReceive(resp *http.Response) error {
	body, err := readBody(resp)
	if err != nil {
		return err
	}
	var answer map[string]json.RawMessage
	var messages []map[string]json.RawMessage
	if len(bytes.TrimSpace(body)) == 0 {
		return nil // the emulator's answer to an empty receive
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return fmt.Errorf("sender id proxy: decode receive answer: %w", err)
	}
	if answer["Messages"] == nil {
		return nil // nothing received
	}
	if err := json.Unmarshal(answer["Messages"], &messages); err != nil {
		return fmt.Errorf("sender id proxy: decode received messages: %w", err)
	}
	for _, msg := range messages {
		if err := p.rewriteMessage(msg); err != nil {
			return err
		}
	}
	if answer["Messages"], err = json.Marshal(messages); err != nil {
		return err
	}
	out, err := json.Marshal(answer)
	if err != nil {
		return err
	}
	setBody(resp, out)
	return nil
}

// rewriteMessage sets the SenderId of one received message, if it has one
// (the receive asked for it) and the proxy knows its sender; a sender
// mapped to "" gets none.
func (p *SenderIDProxy) rewriteMessage(msg map[string]json.RawMessage) error {
	var id string
	var attrs map[string]string
	if err := json.Unmarshal(msg["MessageId"], &id); err != nil {
		return fmt.Errorf("sender id proxy: decode MessageId: %w", err)
	}
	if msg["Attributes"] == nil {
		return nil
	}
	if err := json.Unmarshal(msg["Attributes"], &attrs); err != nil {
		return fmt.Errorf("sender id proxy: decode Attributes of %s: %w", id, err)
	}
	if _, asked := attrs["SenderId"]; !asked {
		return nil
	}
	senderID, ok := p.senderOf(id)
	if !ok {
		return nil
	}
	attrs["SenderId"] = senderID
	if senderID == "" {
		delete(attrs, "SenderId")
	}
	raw, err := json.Marshal(attrs)
	msg["Attributes"] = raw
	return err
}

// readBody reads resp's body and puts it back for the client.
func readBody(resp *http.Response) ([]byte, error) {
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("sender id proxy: read answer: %w", err)
	}
	setBody(resp, body)
	return body, nil
}

func setBody(resp *http.Response, body []byte) {
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	resp.Header.Del("X-Amz-Crc32")
}
