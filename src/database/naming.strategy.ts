import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const snake = (s: string) => s.replace(/([a-z\d])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z\d]+)/g, '$1_$2').toLowerCase();

/** snake_case tables and columns, so SQL written by hand reads like the schema. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName?: string): string {
    return customName ?? snake(className);
  }

  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snake(prefixes.concat(customName ?? propertyName).join('_'));
  }

  override relationName(propertyName: string): string {
    return snake(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }

  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snake(`${firstTableName}_${firstPropertyName.replace(/\./g, '_')}_${secondTableName}`);
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snake(`${tableName}_${columnName ?? propertyName}`);
  }

  override primaryKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return `pk_${this.plainName(tableOrName)}_${columnNames.join('_')}`.slice(0, 63);
  }
  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return `uq_${this.plainName(tableOrName)}_${columnNames.join('_')}`.slice(0, 63);
  }
  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return `fk_${this.plainName(tableOrName)}_${columnNames.join('_')}`.slice(0, 63);
  }
  override indexName(tableOrName: Table | string, columnNames: string[], where?: string): string {
    const base = `ix_${this.plainName(tableOrName)}_${columnNames.join('_')}`;
    return (where ? `${base}_p` : base).slice(0, 63);
  }

  private plainName(tableOrName: Table | string): string {
    const name = typeof tableOrName === 'string' ? tableOrName : tableOrName.name;
    return name.split('.').pop() as string;
  }
}
