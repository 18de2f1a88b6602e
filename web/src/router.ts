import { createRouter, createWebHistory } from 'vue-router'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/overview' },
    { path: '/login', component: () => import('./views/LoginView.vue') },
    { path: '/overview', component: () => import('./views/OverviewView.vue') },
    { path: '/targets', component: () => import('./views/TargetsView.vue') },
    { path: '/tasks', component: () => import('./views/TasksView.vue') },
    { path: '/tasks/:id', component: () => import('./views/TaskView.vue') },
    { path: '/projects', component: () => import('./views/ProjectsView.vue') },
    { path: '/inventory', component: () => import('./views/InventoryView.vue') },
    { path: '/my-tasks', component: () => import('./views/MyTasksView.vue') },
    { path: '/my-tasks/:id/report', component: () => import('./views/ReportFormView.vue') },
    { path: '/admin', component: () => import('./views/AdminView.vue') },
    { path: '/:rest(.*)*', redirect: '/overview' },
  ],
})
