package isolate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dop251/goja"

	"edgeplay/runtime/routes"
)

// Param is one dynamic segment of the route a request matched: a catch-all
// segment ([...slug], [[...slug]]) has a list of values, a dynamic segment
// ([id]) one value.
type Param struct {
	Name     string
	Values   []string
	CatchAll bool
}

// appRoute is an App Router route handler module (R-ROUTE-6) as Next.js's
// app-route module wraps it: one handler per method, HEAD served by GET and
// OPTIONS answered with the Allow header when the module does not export
// them, 405 for other standard methods and 400 for the rest.
type appRoute struct {
	file     string
	handlers map[string]goja.Callable
	// allow is the automatic OPTIONS answer's Allow header ("" when OPTIONS
	// is not answered automatically).
	allow string
	// response is the Response constructor as the module found it.
	response goja.Value
}

// newAppRoute reads the method handlers from a route module's exports,
// before any request.
func newAppRoute(rt *goja.Runtime, file string, exports *goja.Object) *appRoute {
	a := &appRoute{file: file, handlers: map[string]goja.Callable{}, response: rt.Get("Response")}
	implemented := map[string]bool{}
	for _, m := range routes.HandlerMethods() {
		if fn, ok := goja.AssertFunction(exports.Get(m)); ok {
			a.handlers[m] = fn
			implemented[m] = true
		}
	}
	// As Next.js does: HEAD falls back to GET when there is one; OPTIONS
	// is answered with the Allow list either way.
	if get, ok := a.handlers["GET"]; ok && !implemented["HEAD"] {
		a.handlers["HEAD"] = get
		implemented["HEAD"] = true
	}
	if !implemented["OPTIONS"] {
		allow := []string{"OPTIONS"}
		for _, m := range routes.HandlerMethods() {
			if implemented[m] {
				allow = append(allow, m)
			}
		}
		sort.Strings(allow)
		a.allow = strings.Join(allow, ", ")
	}
	return a
}

// call runs the handler for the request's method with Next's context
// argument: { params } where params is a promise of the route's params in
// Next 15 and later (which also carries them as properties, for the
// synchronous access Next 15 still allows) and the plain object before.
func (a *appRoute) call(rt *goja.Runtime, method string, req goja.Value, params []Param, nextVersion int) (goja.Value, error) {
	if !isHTTPMethod(method) {
		return a.emptyResponse(rt, 400, "")
	}
	if h, ok := a.handlers[method]; ok {
		ctx := rt.NewObject()
		if err := ctx.Set("params", paramsArgument(rt, params, nextVersion)); err != nil {
			return nil, err
		}
		return h(goja.Undefined(), req, ctx)
	}
	if method == "OPTIONS" && a.allow != "" {
		return a.emptyResponse(rt, 204, a.allow)
	}
	return a.emptyResponse(rt, 405, "")
}

// emptyResponse is new Response(null, { status, headers: { Allow } }).
func (a *appRoute) emptyResponse(rt *goja.Runtime, status int, allow string) (goja.Value, error) {
	ctor, ok := goja.AssertConstructor(a.response)
	if !ok {
		return nil, fmt.Errorf("the Response constructor is missing")
	}
	init := rt.NewObject()
	if err := init.Set("status", status); err != nil {
		return nil, err
	}
	if allow != "" {
		headers := rt.NewObject()
		if err := headers.Set("Allow", allow); err != nil {
			return nil, err
		}
		if err := init.Set("headers", headers); err != nil {
			return nil, err
		}
	}
	return ctor(nil, goja.Null(), init)
}

// noResponseError is Next's error for a handler that returned something
// other than a Response.
func (a *appRoute) noResponseError() *HandlerError {
	return &HandlerError{Name: "Error", Status: 500, Message: fmt.Sprintf(
		"No response is returned from route handler '%s'. Ensure you return a `Response` or a `NextResponse` in all branches of your handler.", a.file)}
}

func isHTTPMethod(m string) bool {
	for _, x := range routes.HandlerMethods() {
		if x == m {
			return true
		}
	}
	return false
}

// paramsArgument builds the handler's params: { id: '42', slug: ['a', 'b'] }.
func paramsArgument(rt *goja.Runtime, params []Param, nextVersion int) goja.Value {
	obj := rt.NewObject()
	fill := func(o *goja.Object) {
		for _, p := range params {
			if p.CatchAll {
				vals := make([]any, len(p.Values))
				for i, v := range p.Values {
					vals[i] = v
				}
				_ = o.Set(p.Name, rt.NewArray(vals...))
			} else if len(p.Values) > 0 {
				_ = o.Set(p.Name, p.Values[0])
			}
		}
	}
	fill(obj)
	if nextVersion < 15 {
		return obj
	}
	promise, resolve, _ := rt.NewPromise()
	_ = resolve(obj)
	pv := rt.ToValue(promise)
	if nextVersion == 15 {
		fill(pv.ToObject(rt))
	}
	return pv
}
