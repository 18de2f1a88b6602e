import { createApp } from 'vue'
import App from './App.vue'
import { setUnauthenticatedHandler } from './api'
import { lang, setLang } from './i18n'
import { router } from './router'
import { homePath, restoreSession, session } from './session'
import './style.css'

setLang(lang.value)
setUnauthenticatedHandler(() => {
  if (session.user) session.message = 'session_expired'
  session.user = null
  if (router.currentRoute.value.path !== '/login') {
    void router.push({ path: '/login', query: { next: router.currentRoute.value.fullPath } })
  }
})

router.beforeEach(async (to) => {
  // The public view needs no login and asks the server nothing about the session.
  if (to.meta.public) return true
  if (!session.checked) await restoreSession()
  if (!session.user && to.path !== '/login') return { path: '/login', query: { next: to.fullPath } }
  if (session.user && to.path === '/login') return homePath()
  return true
})

createApp(App).use(router).mount('#app')
