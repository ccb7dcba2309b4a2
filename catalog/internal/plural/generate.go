package plural

//go:generate go run ./internal/gen -data testdata/cldr -o rules_gen.go
