package server

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// notifyListener tells accepted of each connection it hands to the server.
type notifyListener struct {
	net.Listener
	accepted chan struct{}
}

func (l notifyListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.accepted <- struct{}{}
	}
	return c, err
}

// TestServeAnswersRequestSentAfterShutdownBegan is golang/go#65802 made
// deterministic: a client whose connection the server accepted sends its
// request only once the shutdown has begun (the listener is closed).
// http.Server.Shutdown would close that connection unanswered; Serve must
// answer it, and then return nil.
func TestServeAnswersRequestSentAfterShutdownBegan(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	nl := notifyListener{ln, make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "answered") })
	go func() { done <- Serve(ctx, nl, h, nil) }()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	select {
	case <-nl.accepted:
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not accept the connection")
	}
	cancel()
	// The shutdown has begun once the listener refuses connections.
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener was not closed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: errcat\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request sent after the shutdown began got no answer: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != "answered" {
		t.Errorf("got %d %q, want 200 \"answered\"", resp.StatusCode, body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return")
	}
}
