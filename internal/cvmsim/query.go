package cvmsim

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// maxQuery is the cloud's limit for a GET request (DESIGN.md, "API facts").
const maxQuery = 32 << 10

// queryNode is one segment of a flattened GET parameter name: "Filters.0.Values.1" is the path
// Filters → 0 → Values → 1. A node holds a value, members, or (for a malformed query) both.
type queryNode struct {
	value    *string
	children map[string]*queryNode
}

// queryToJSON turns a GET query, flattened the way the official SDK flattens a request (Name.N for
// list items, Struct.Field for members, every scalar as its text), into the JSON object a POST
// would carry. The schema says which names are lists, objects, numbers or booleans, so that the
// result goes through the same checks as a POST body: a value that does not fit its parameter is
// left in a shape that checkParams refuses as InvalidParameter, and an unknown name stays in so
// that it is refused as UnknownParameter.
func queryToJSON(rawQuery string, sc schema) ([]byte, *apiError) {
	if len(rawQuery) > maxQuery {
		return nil, errorf("RequestSizeLimitExceeded", "The query string exceeds 32 KB.")
	}
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, errorf("InvalidParameter", "The query string could not be decoded: %v", err)
	}
	root := &queryNode{children: map[string]*queryNode{}}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if len(values[name]) > 1 {
			return nil, errorf("InvalidParameter", "The parameter `%s` is given more than once.", name)
		}
		n := root
		for _, seg := range strings.Split(name, ".") {
			if seg == "" {
				return nil, errorf("InvalidParameter", "The parameter name `%s` is malformed.", name)
			}
			if n.children == nil {
				n.children = map[string]*queryNode{}
			}
			next, ok := n.children[seg]
			if !ok {
				next = &queryNode{}
				n.children[seg] = next
			}
			n = next
		}
		v := values[name][0]
		n.value = &v
	}
	body, _ := json.Marshal(root.asObject(sc))
	return body, nil
}

// asObject is a node as an object whose members follow sc; members sc does not name keep their
// schema-less form.
func (n *queryNode) asObject(sc schema) map[string]any {
	out := make(map[string]any, len(n.children))
	for name, child := range n.children {
		if p, ok := sc[name]; ok {
			out[name] = child.as(p)
		} else {
			out[name] = child.untyped()
		}
	}
	return out
}

// as is a node as the JSON value of parameter p, or as its schema-less form when it does not fit.
func (n *queryNode) as(p param) any {
	switch p.kind {
	case kString:
		if n.isLeaf() {
			return *n.value
		}
	case kBool:
		if n.isLeaf() && (*n.value == "true" || *n.value == "false") {
			return *n.value == "true"
		}
	case kInteger, kUnsigned:
		// Any JSON number passes through as written, so that checkValue judges range and sign.
		if n.isLeaf() && json.Valid([]byte(*n.value)) && strings.IndexFunc(*n.value, notNumberRune) < 0 {
			return json.Number(*n.value)
		}
	case kStrings:
		if items, ok := n.list(); ok {
			out := make([]any, len(items))
			for i, it := range items {
				out[i] = it.as(param{kind: kString})
			}
			return out
		}
	case kObject:
		if n.value == nil && n.children != nil {
			return n.asObject(p.fields)
		}
	case kObjects:
		if items, ok := n.list(); ok {
			out := make([]any, len(items))
			for i, it := range items {
				out[i] = it.as(param{kind: kObject, fields: p.fields})
			}
			return out
		}
	}
	return n.untyped()
}

func notNumberRune(r rune) bool { return !strings.ContainsRune("0123456789-+.eE", r) }

func (n *queryNode) isLeaf() bool { return n.value != nil && n.children == nil }

// list is a node's members as a list: they must be numbered 0, 1, … with no gap, as the SDK
// numbers them.
func (n *queryNode) list() ([]*queryNode, bool) {
	if n.value != nil || n.children == nil {
		return nil, false
	}
	items := make([]*queryNode, len(n.children))
	for name, child := range n.children {
		i, err := strconv.Atoi(name)
		if err != nil || i < 0 || i >= len(items) || strconv.Itoa(i) != name {
			return nil, false
		}
		items[i] = child
	}
	return items, true
}

// untyped is a node with no schema to go by: a value is a string, members are an object. A node
// that is both keeps its members, which no schema accepts where a plain value is due.
func (n *queryNode) untyped() any {
	if n.children == nil {
		return *n.value
	}
	out := make(map[string]any, len(n.children))
	for name, child := range n.children {
		out[name] = child.untyped()
	}
	return out
}
