"""Reading the news: articles in, attributed stances with their spans out."""
