package webapi

// addSocketHost adds the host functions behind WebSocket (websocket.go).
func (b *Bindings) addSocketHost(set hostSetter) { b.addWebSocketHost(set) }
