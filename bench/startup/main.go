// Command startup measures how long a server binary takes from exec to its
// first successful response, beside a baseline binary measured the same way
// in the same run:
//
//	go build -o /tmp/errcat ./cmd/errcat && go build -o /tmp/bare ./bench/bare
//	go run ./bench/startup -n 30 -- /tmp/errcat serve --addr 127.0.0.1:0 -- /tmp/bare -addr 127.0.0.1:0
//
// Each command must log "url=http://HOST:PORT" on standard error once it
// listens. The runs alternate between the commands, so both see the same
// machine.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"time"
)

var urlRE = regexp.MustCompile(`url=(http://\S+)`)

func main() {
	n := flag.Int("n", 20, "runs of each command")
	path := flag.String("path", "/v1/errors/2004", "the request that must succeed")
	flag.Parse()
	var cmds [][]string
	var cur []string
	for _, a := range flag.Args() {
		if a == "--" {
			if len(cur) > 0 {
				cmds = append(cmds, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, a)
	}
	if len(cur) > 0 {
		cmds = append(cmds, cur)
	}
	if len(cmds) == 0 {
		log.Fatal("usage: startup [-n N] -- cmd args... [-- baseline args...]")
	}
	times := make([][]time.Duration, len(cmds))
	for range *n {
		for i, c := range cmds {
			d, err := once(c, *path)
			if err != nil {
				log.Fatalf("%s: %v", strings.Join(c, " "), err)
			}
			times[i] = append(times[i], d)
		}
	}
	for i, c := range cmds {
		ts := times[i]
		slices.Sort(ts)
		fmt.Printf("%-50s median %7.2f ms  p90 %7.2f ms  min %7.2f ms  (n=%d)\n",
			strings.Join(c, " "), ms(ts[len(ts)/2]), ms(ts[len(ts)*9/10]), ms(ts[0]), len(ts))
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// once starts the command, waits for its URL, and requests path until it
// answers 200; it returns the time from exec to that answer.
func once(args []string, path string) (time.Duration, error) {
	cmd := exec.Command(args[0], args[1:]...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	sc := bufio.NewScanner(stderr)
	var url string
	for sc.Scan() {
		if m := urlRE.FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
			break
		}
	}
	if url == "" {
		return 0, fmt.Errorf("no url= line on standard error")
	}
	go func() { // keep draining, so the server never blocks on logging
		for sc.Scan() {
		}
	}()
	client := &http.Client{Timeout: 5 * time.Second}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		resp, err := client.Get(url + path)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		time.Sleep(time.Millisecond)
	}
	return 0, fmt.Errorf("no 200 from %s%s within 10s", url, path)
}
