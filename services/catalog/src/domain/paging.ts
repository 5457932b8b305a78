// The page shape every list endpoint answers with.

export interface Page<T> {
  items: T[];
  /** How many items match in all, across every page. */
  total: number;
  limit: number;
  offset: number;
}

export interface PageRequest {
  limit: number;
  offset: number;
}
