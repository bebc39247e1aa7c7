import { Injectable } from '@nestjs/common';
import { AuthUser } from '../common/auth/auth-user';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { LeadsService } from '../leads/leads.service';
import { ProjectsService } from '../projects/projects.service';
import { SearchQuery, SearchView } from './dto/search.dto';

const DEFAULT_LIMIT = 5;

/**
 * The header's one search box: companies, leads and projects by name fragment, credit-code
 * prefix or pinyin. Each kind is its own list's search (the same matcher, scope and indexes),
 * asked for a few rows, so the box finds exactly what the lists would.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly leads: LeadsService,
    private readonly projects: ProjectsService,
  ) {}

  async search(actor: AuthUser, query: SearchQuery): Promise<SearchView> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const [enterprises, leads, projects] = await Promise.all([
      this.enterprises.list({ q: query.q, limit }),
      this.leads.list(actor, { q: query.q, limit }),
      this.projects.list(actor, { q: query.q, limit }),
    ]);
    const dot = (...parts: Array<string | null | undefined>) => parts.filter(Boolean).join(' · ');
    return {
      q: query.q,
      enterprises: {
        total: enterprises.total,
        items: enterprises.items.map((e) => ({ id: e.id, name: e.name, detail: dot(e.shortName, e.industryChainName, e.creditCode) })),
      },
      leads: {
        total: leads.total,
        items: leads.items.map((l) => ({ id: l.id, name: l.title, detail: dot(l.enterprise.name, l.stageLabel, l.team.name) })),
      },
      projects: {
        total: projects.total,
        items: projects.items.map((p) => ({ id: p.id, name: p.name, detail: dot(p.regionUnit?.name, p.lifecycleLabel, p.enterprise?.name) })),
      },
    };
  }
}
