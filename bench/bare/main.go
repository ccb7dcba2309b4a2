// Command bare is the floor errcat serve is measured against: a net/http
// server that answers every request with one constant JSON envelope and the
// headers errcat sends (constant here too), so that both put the same bytes
// on the wire, doing no routing, lookup, matching or encoding at all.
//
//	go run ./bench/bare -addr 127.0.0.1:8091
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	"strconv"
	"time"
)

var body = []byte(`{"message":"User does not exist","code":2004,"data":null}` + "\n")

func main() {
	addr := flag.String("addr", "127.0.0.1:8091", "listen address")
	noTimeouts := flag.Bool("no-timeouts", false, "leave out errcat serve's timeouts and header limit")
	flag.Parse()
	length := strconv.Itoa(len(body))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The same line errcat serve logs, so that bench/startup finds both.
	log.Printf("listening url=http://%s", ln.Addr())
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Type", "application/json; charset=utf-8")
			h.Set("Content-Language", "en")
			h.Set("Vary", "Accept-Language")
			h.Set("Etag", `"f671c002a4ec273e90b67062-en-2004"`)
			h.Set("Cache-Control", "public, max-age=60")
			h.Set("Content-Length", length)
			w.Write(body)
		}),
	}
	if !*noTimeouts {
		// The http.Server settings of errcat serve (cmd/errcat/serve.go):
		// read and write deadlines cost a few percent a request, and the
		// comparison is of the handlers' work, not of the servers' set-up.
		srv.ReadHeaderTimeout = 5 * time.Second
		srv.ReadTimeout = 10 * time.Second
		srv.WriteTimeout = 10 * time.Second
		srv.IdleTimeout = 60 * time.Second
		srv.MaxHeaderBytes = 16 << 10
	}
	log.Fatal(srv.Serve(ln))
}
