package tmpl

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Render renders the template with data, a map or a struct as text/template
// takes it, and returns at most limit bytes of text.
//
// count is the plural count: {{.PluralCount}} prints it unless data has a
// PluralCount of its own. A field that has no value (no such key or field,
// a nil value, a nil pointer on the way) renders as nothing, and its name
// is returned in missing; a condition on it is false. Values print as
// text/template prints them, which is as fmt.Print does. When the text
// would be longer than limit it is cut at a character boundary, and cut is
// true.
func (t *Template) Render(data, count any, limit int) (text string, missing []string, cut bool) {
	r := renderer{data: data, count: count, limit: limit}
	r.b.Grow(min(t.size, limit))
	r.exec(t.nodes)
	return r.b.String(), r.missing, r.cut
}

// A renderer is one rendering's state. It stays on the stack: nothing
// stores it in an interface, so a rendering allocates its text and little
// else.
type renderer struct {
	data, count any
	b           strings.Builder
	limit       int
	cut         bool
	missing     []string
}

func (r *renderer) exec(nodes []node) {
	for i := range nodes {
		if r.cut {
			return
		}
		n := &nodes[i]
		switch n.kind {
		case textNode:
			r.writeString(n.text)
		case fieldNode:
			if !r.print(n.path) {
				r.miss(n.path)
			}
		case ifNode:
			if r.truth(n.path) {
				r.exec(n.then)
			} else {
				r.exec(n.els)
			}
		}
	}
}

func (r *renderer) miss(path []string) {
	name := joinPath(path)
	for _, m := range r.missing {
		if m == name {
			return
		}
	}
	r.missing = append(r.missing, name)
}

func joinPath(path []string) string {
	if len(path) == 1 {
		return path[0]
	}
	n := len(path) - 1
	for _, p := range path {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for i, p := range path {
		if i > 0 {
			b = append(b, '.')
		}
		b = append(b, p...)
	}
	return string(b)
}

// writeString appends s, or as much of it as the limit leaves room for.
func (r *renderer) writeString(s string) {
	if r.cut {
		return
	}
	if room := r.limit - r.b.Len(); len(s) > room {
		s = s[:runeCut(s, room)]
		r.cut = true
	}
	r.b.WriteString(s)
}

// write is writeString for bytes.
func (r *renderer) write(p []byte) {
	if r.cut {
		return
	}
	if room := r.limit - r.b.Len(); len(p) > room {
		p = p[:runeCut(string(p), room)]
		r.cut = true
	}
	r.b.Write(p)
}

// runeCut returns the largest i <= n at which s can be cut without
// splitting a character.
func runeCut(s string, n int) int {
	if n <= 0 {
		return 0
	}
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// value finds the field path in the data. The common case, one level of a
// map[string]any, costs a map lookup and returns the value itself (fast);
// anything else walks the data by reflection, as text/template does, and
// returns a reflect.Value.
func (r *renderer) value(path []string) (fast any, v reflect.Value, ok bool) {
	head, rest := path[0], path[1:]
	found := false
	switch d := r.data.(type) {
	case nil:
	case map[string]any:
		var x any
		if x, found = d[head]; found {
			if len(rest) == 0 {
				return x, reflect.Value{}, x != nil
			}
			v = reflect.ValueOf(x)
		}
	default:
		v, found = step(reflect.ValueOf(d), head)
	}
	if !found {
		if head != "PluralCount" || r.count == nil {
			return nil, reflect.Value{}, false
		}
		if len(rest) == 0 {
			return r.count, reflect.Value{}, true
		}
		v = reflect.ValueOf(r.count)
	}
	for _, name := range rest {
		if v, ok = step(v, name); !ok {
			return nil, reflect.Value{}, false
		}
	}
	return nil, v, v.IsValid()
}

// step reads the field or key name of v, as text/template's evalField
// does: a method of that name first, then a struct's exported field or a
// map's entry, through pointers and interfaces.
func step(v reflect.Value, name string) (reflect.Value, bool) {
	if !v.IsValid() {
		return reflect.Value{}, false
	}
	ptr := v
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	if m := ptr.MethodByName(name); m.IsValid() {
		return call(m)
	}
	v, isNil := indirect(v)
	if isNil {
		return reflect.Value{}, false
	}
	switch v.Kind() {
	case reflect.Struct:
		f, ok := v.Type().FieldByName(name)
		if !ok || !f.IsExported() {
			return reflect.Value{}, false
		}
		fv, err := v.FieldByIndexErr(f.Index)
		if err != nil {
			return reflect.Value{}, false
		}
		return fv, true
	case reflect.Map:
		key := reflect.ValueOf(name)
		if !key.Type().AssignableTo(v.Type().Key()) {
			return reflect.Value{}, false
		}
		e := v.MapIndex(key)
		return e, e.IsValid()
	}
	return reflect.Value{}, false
}

var errorType = reflect.TypeFor[error]()

// call calls a method the data has in a field's place, as text/template
// does: one without arguments that returns a value, or a value and an
// error. A method of another shape, one that fails, and one that panics
// give no value.
func call(m reflect.Value) (v reflect.Value, ok bool) {
	t := m.Type()
	if t.NumIn() != 0 && !(t.NumIn() == 1 && t.IsVariadic()) {
		return reflect.Value{}, false
	}
	switch {
	case t.NumOut() == 1:
	case t.NumOut() == 2 && t.Out(1) == errorType:
	default:
		return reflect.Value{}, false
	}
	defer func() {
		if recover() != nil {
			v, ok = reflect.Value{}, false
		}
	}()
	out := m.Call(nil)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, false
	}
	return out[0], true
}

// indirect follows pointers and interfaces to the value they hold;
// isNil reports a nil one on the way.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// truth reports whether a condition on path holds, as text/template's if
// decides: a missing field is false.
func (r *renderer) truth(path []string) bool {
	fast, v, ok := r.value(path)
	if !ok {
		return false
	}
	if fast != nil {
		v = reflect.ValueOf(fast)
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Struct:
		return true
	}
	return false
}

// print writes the value of path and reports whether it had one.
func (r *renderer) print(path []string) bool {
	fast, v, ok := r.value(path)
	if !ok {
		return false
	}
	if fast != nil && r.printFast(fast) {
		return true
	}
	if fast != nil {
		v = reflect.ValueOf(fast)
	}
	x, ok := printable(v)
	if !ok {
		return false
	}
	if r.printFast(x) {
		return true
	}
	if _, ok := x.(fmt.Formatter); !ok {
		// fmt prints an error or a Stringer with its method, and a panic
		// in it as "%!v(PANIC=String method: …)", which no user should
		// read: such a value has no text.
		switch m := x.(type) {
		case error, fmt.Stringer:
			s, ok := callString(m)
			if ok {
				r.writeString(s)
			}
			return ok
		}
	}
	// Rare values (slices, maps, structs): fmt prints them whole, and the
	// limit cuts the result.
	r.writeString(fmt.Sprint(x))
	return true
}

// callString returns x's Error or String, as fmt would choose, and false
// when the method panics.
func callString(x any) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	switch x := x.(type) {
	case error:
		return x.Error(), true
	case fmt.Stringer:
		return x.String(), true
	}
	return "", false
}

// printFast writes the values text/template prints most, without fmt. It
// reports false for any other type.
func (r *renderer) printFast(x any) bool {
	var num [32]byte
	switch x := x.(type) {
	case string:
		r.writeString(x)
	case int:
		r.write(strconv.AppendInt(num[:0], int64(x), 10))
	case int64:
		r.write(strconv.AppendInt(num[:0], x, 10))
	case int32:
		r.write(strconv.AppendInt(num[:0], int64(x), 10))
	case uint:
		r.write(strconv.AppendUint(num[:0], uint64(x), 10))
	case uint64:
		r.write(strconv.AppendUint(num[:0], x, 10))
	case float64:
		r.write(strconv.AppendFloat(num[:0], x, 'g', -1, 64))
	case bool:
		r.write(strconv.AppendBool(num[:0], x))
	default:
		return false
	}
	return true
}

var stringerType = reflect.TypeFor[fmt.Stringer]()

// printable is text/template's printableValue: the value fmt should print
// for v, through pointers, and with a pointer's String or Error method
// where the value is addressable. A nil and a value fmt cannot print
// meaningfully (a func, a chan) give none.
func printable(v reflect.Value) (any, bool) {
	if v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		var isNil bool
		if v, isNil = indirect(v); isNil {
			return nil, false
		}
	}
	if !v.IsValid() {
		return nil, false
	}
	t := v.Type()
	if !t.Implements(errorType) && !t.Implements(stringerType) {
		if v.CanAddr() && (reflect.PointerTo(t).Implements(errorType) || reflect.PointerTo(t).Implements(stringerType)) {
			v = v.Addr()
		} else if k := v.Kind(); k == reflect.Chan || k == reflect.Func {
			return nil, false
		}
	}
	if !v.CanInterface() {
		return nil, false
	}
	return v.Interface(), true
}
