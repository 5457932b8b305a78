// /api/users: what admins do with accounts (look one up, change its role).
import { unauthenticated } from '@marquee/kit/errors';
import type { Routes } from '@marquee/kit/http';
import type { UsersService } from '../domain/users.service.ts';
import { presentUser } from './presenters.ts';
import { roleChangeBody, userIdParams, userResponse } from './schemas.ts';

const tags = ['users'];

export function addUserRoutes(routes: Routes, deps: { users: UsersService }): void {
  const { users } = deps;

  routes.add(
    {
      method: 'get',
      path: '/api/users/{id}',
      summary: 'One account (admin)',
      tags,
      auth: ['admin'],
      request: { params: userIdParams },
      responses: {
        200: { description: 'The account', schema: userResponse },
        403: { description: 'The caller is not an admin' },
        404: { description: 'No user with this id' },
      },
    },
    async ({ params, res }) => {
      res.json(presentUser(await users.get(params.id)));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/users/{id}/role',
      summary: "Change an account's role (admin); it shows in that user's next access token",
      tags,
      auth: ['admin'],
      request: { params: userIdParams, body: roleChangeBody },
      responses: {
        200: { description: 'The account with its new role', schema: userResponse },
        403: { description: 'The caller is not an admin' },
        404: { description: 'No user with this id' },
        409: { description: 'An admin tried to remove their own admin role' },
      },
    },
    async ({ params, body, principal, res }) => {
      if (!principal) throw unauthenticated();
      const user = await users.changeRole({
        actorId: principal.userId,
        userId: params.id,
        role: body.role,
      });
      res.json(presentUser(user));
    },
  );
}
