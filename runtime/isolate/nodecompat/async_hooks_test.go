package nodecompat

import "testing"

// TestAsyncHooks runs node:async_hooks cases whose expected values were recorded from Node 20 (node -e).
func TestAsyncHooks(t *testing.T) {
	runCases(t, []jsCase{
		{"run scope", `const {AsyncLocalStorage}=require('node:async_hooks'); const a=new AsyncLocalStorage(); const r=[a.getStore()]; r.push(a.run(1,(x,y)=>a.getStore()+x+y,2,3)); r.push(a.getStore()); a.run(1,()=>a.run(2,()=>r.push(a.getStore()))); try{a.run(5,()=>{throw new Error('e')})}catch{} r.push(a.getStore()); return r.join()`, ",6,,2,"},
		{"await and then", `const {AsyncLocalStorage}=require('node:async_hooks'); const a=new AsyncLocalStorage(); const r=[]; const p=a.run('A',async()=>{await null; r.push(a.getStore()); await Promise.resolve(); return a.getStore()}); const q=a.run('B',()=>Promise.resolve().then(()=>a.getStore())); r.push(a.getStore()); r.push(await p, await q); r.push(a.getStore()); return r.join()`, ",A,A,B,"},
		{"two storages", `const {AsyncLocalStorage}=require('node:async_hooks'); const a=new AsyncLocalStorage(), b=new AsyncLocalStorage(); return a.run('x',()=>b.run('y',()=>a.getStore()+b.getStore()+a.exit(()=>String(a.getStore())+b.getStore())))`, "xyundefinedy"},
		{"enterWith", `const {AsyncLocalStorage}=require('node:async_hooks'); const a=new AsyncLocalStorage(); return a.run(0,()=>{ a.enterWith(9); return a.getStore() })`, "9"},
		{"disable", `const {AsyncLocalStorage}=require('node:async_hooks'); const a=new AsyncLocalStorage(); return a.run(1,()=>{ a.disable(); const v=a.getStore(); return String(v)+a.run(2,()=>a.getStore()) })`, "undefined2"},
		{"bind and snapshot", `const {AsyncLocalStorage}=require('node:async_hooks'); const a=new AsyncLocalStorage(); const f=a.run('bound',()=>AsyncLocalStorage.bind(()=>a.getStore())); const s=a.run('snap',()=>AsyncLocalStorage.snapshot()); return f()+'|'+s(()=>a.getStore())+'|'+a.getStore()`, "bound|snap|undefined"},
		{"AsyncResource", `const {AsyncLocalStorage, AsyncResource}=require('node:async_hooks'); const a=new AsyncLocalStorage(); const res=a.run('R',()=>new AsyncResource('MyRes')); const r=[res.runInAsyncScope(function(x){return a.getStore()+x+this.t},{t:'!'},1)]; const b=a.run('S',()=>AsyncResource.bind(()=>a.getStore())); r.push(b(), typeof b.asyncResource, typeof res.asyncId(), res.emitDestroy()===res); const bound=res.bind(function(){return a.getStore()}); r.push(bound()); return r.join()`, "R1!,S,object,number,true,R"},
	})
}
