package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/errcat/errcat"
)

// maxQuantity is the most items one order may have.
const maxQuantity = 10

// An Order is what the API stores.
type Order struct {
	ID       string `json:"id"`
	Quantity int    `json:"quantity"`
	Paid     bool   `json:"paid"`
}

// A Store holds the orders in memory. Down makes every call fail with a
// plain error, as a database that cannot be reached would.
type Store struct {
	mu     sync.Mutex
	orders map[string]*Order
	next   int
	Down   bool
}

// NewStore returns a store with order "1", unpaid.
func NewStore() *Store {
	return &Store{orders: map[string]*Order{"1": {ID: "1", Quantity: 2}}, next: 2}
}

var errUnreachable = errors.New("orders database: connection refused")

func (s *Store) get(id string) (*Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Down {
		return nil, errUnreachable
	}
	o, ok := s.orders[id]
	if !ok {
		// The cause goes to the log; the client gets the code's text.
		return nil, errcat.Wrap(OrderNotFound, errors.New("no order "+strconv.Quote(id)))
	}
	return o, nil
}

func (s *Store) create(quantity int) (*Order, error) {
	if quantity < 1 || quantity > maxQuantity {
		return nil, &errcat.Error{Code: QuantityTooLarge, Params: map[string]any{"Max": maxQuantity}, Data: map[string]int{"max": maxQuantity}}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Down {
		return nil, errUnreachable
	}
	o := &Order{ID: strconv.Itoa(s.next), Quantity: quantity}
	s.orders[o.ID] = o
	s.next++
	return o, nil
}

func (s *Store) pay(id, card string) (*Order, error) {
	o, err := s.get(id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case o.Paid:
		return nil, OrderAlreadyPaid
	case card == "declined":
		return nil, PaymentDeclined
	}
	o.Paid = true
	return o, nil
}

// NewAPI returns the orders API, which answers every error through cat:
//
//	GET  /orders/{id}
//	POST /orders?quantity=N
//	POST /orders/{id}/pay?card=...
func NewAPI(cat *errcat.Catalog, store *Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		o, err := store.get(r.PathValue("id"))
		reply(w, r, cat, o, err)
	})
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		q, _ := strconv.Atoi(r.URL.Query().Get("quantity"))
		o, err := store.create(q)
		reply(w, r, cat, o, err)
	})
	mux.HandleFunc("POST /orders/{id}/pay", func(w http.ResponseWriter, r *http.Request) {
		o, err := store.pay(r.PathValue("id"), r.URL.Query().Get("card"))
		reply(w, r, cat, o, err)
	})
	return mux
}

func reply(w http.ResponseWriter, r *http.Request, cat *errcat.Catalog, o *Order, err error) {
	if err != nil {
		cat.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(o)
}
