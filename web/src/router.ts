import { createRouter, createWebHistory } from 'vue-router'
import { homePath } from './session'
// The overview is the landing page: bundled with the app so its first paint waits for no
// further chunk (the other pages load on demand).
import OverviewView from './views/OverviewView.vue'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: () => homePath() },
    { path: '/login', component: () => import('./views/LoginView.vue') },
    { path: '/overview', component: OverviewView },
    { path: '/targets', component: () => import('./views/TargetsView.vue') },
    { path: '/tasks', component: () => import('./views/TasksView.vue') },
    { path: '/tasks/:id', component: () => import('./views/TaskView.vue') },
    { path: '/projects', component: () => import('./views/ProjectsView.vue') },
    { path: '/inventory', component: () => import('./views/InventoryView.vue') },
    { path: '/monitoring', component: () => import('./views/MonitoringView.vue') },
    { path: '/public', component: () => import('./views/PublicView.vue'), meta: { public: true } },
    { path: '/my-tasks', component: () => import('./views/MyTasksView.vue') },
    { path: '/my-tasks/:id/report', component: () => import('./views/ReportFormView.vue') },
    { path: '/admin', component: () => import('./views/AdminView.vue') },
    { path: '/:rest(.*)*', redirect: '/overview' },
  ],
})
